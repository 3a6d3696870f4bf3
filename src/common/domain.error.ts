/**
 * Base class of the errors services throw for a user's mistake or a refused action. The global filter turns
 * them into a page or a JSON answer with `status`.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
}
