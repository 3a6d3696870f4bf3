/** A learner was created or changed (including the bulk "Sync to Xero" switch); emitted after commit. */
export class LearnerChanged {
  static readonly event = 'learner.changed';

  constructor(
    readonly accountId: string,
    readonly learnerId: string,
    readonly change: 'created' | 'updated',
  ) {}
}
