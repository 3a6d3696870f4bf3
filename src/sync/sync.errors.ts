import { NotFoundError } from '../common';

export class SyncRunNotFoundError extends NotFoundError {
  constructor() {
    super('No such sync run in this account.');
  }
}

/** The run's worker was asked to stop (the instance is shutting down): another worker carries on. */
export class SyncInterruptedError extends Error {
  constructor() {
    super('The sync was interrupted by a shutdown and will resume on another worker.');
    this.name = 'SyncInterruptedError';
  }
}

/** Another worker is still working on the run (its progress is fresh): this attempt waits its turn. */
export class SyncRunBusyError extends Error {
  constructor() {
    super('Another worker is still working on this run.');
    this.name = 'SyncRunBusyError';
  }
}
