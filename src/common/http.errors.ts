import { ALL_ROLES, Role, ROLE_LABELS } from './access';
import { DomainError } from './domain.error';

/** No signed-in user: pages go to the sign-in page (and come back), the API answers 401. */
export class SignInRequiredError extends DomainError {
  readonly status = 401;
  constructor(readonly nextPath: string) {
    super('Please sign in to continue.');
  }
}

/** The signed-in user's role may not open this route. */
export class AccessDeniedError extends DomainError {
  readonly status = 403;
  constructor(allowed: readonly Role[]) {
    super(
      allowed.length === 0
        ? 'This page is not open to any role.'
        : allowed.length === ALL_ROLES.length
          ? 'This page is open to signed-in users only.'
          : `Only ${allowed.map((r) => ROLE_LABELS[r]).join(', ')} users may open this page. ` +
            'Ask your Account Owner if you need access.',
    );
  }
}

/** A form that did not come from this site, or whose token expired: nothing was changed. */
export class CsrfRejectedError extends DomainError {
  readonly status = 403;
  constructor() {
    super(
      'This form has expired or did not come from this site, so nothing was changed. ' +
        'Go back, reload the page and try again.',
    );
  }
}

export class TooManyAttemptsError extends DomainError {
  readonly status = 429;
}

/** Sends the browser elsewhere instead of rendering (e.g. a password that must be changed first). */
export class RedirectRequired extends DomainError {
  readonly status = 303;
  constructor(readonly location: string) {
    super(`See ${location}`);
  }
}
