import { ALL_ROLES, Role, ROLE_LABELS } from './access';
import { DomainError, NotAllowedError } from './domain.error';

/** No signed-in user: pages go to the sign-in page (and come back), the API answers 401. */
export class SignInRequiredError extends DomainError {
  constructor(readonly nextPath: string) {
    super('Please sign in to continue.');
  }
}

/** The signed-in user's role may not open this route. */
export class AccessDeniedError extends NotAllowedError {
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
export class CsrfRejectedError extends NotAllowedError {
  constructor() {
    super(
      'This form has expired or did not come from this site, so nothing was changed. ' +
        'Go back, reload the page and try again.',
    );
  }
}

/** Too many tries in a short time: the same action may succeed later. */
export class TooManyAttemptsError extends DomainError {}

/** Sends the browser elsewhere instead of rendering (e.g. a password that must be changed first). */
export class RedirectRequired extends DomainError {
  constructor(readonly location: string) {
    super(`See ${location}`);
  }
}
