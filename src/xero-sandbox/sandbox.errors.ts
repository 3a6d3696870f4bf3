/** An answer in the shape Xero gives it (status + JSON body); the sandbox filter writes it as is. */
export class XeroHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`Xero sandbox answered ${status}`);
    this.name = 'XeroHttpError';
  }
}

/** OAuth 2.0 token endpoint errors (RFC 6749 section 5.2). */
export class OAuthError extends XeroHttpError {
  constructor(error: string, status = 400, description?: string) {
    super(status, description ? { error, error_description: description } : { error });
  }
}

export const unauthorized = () =>
  new XeroHttpError(401, {
    Type: null,
    Title: 'Unauthorized',
    Status: 401,
    Detail: 'AuthenticationUnsuccessful',
    Instance: null,
    Extensions: {},
  });

export const forbidden = () =>
  new XeroHttpError(403, {
    Type: null,
    Title: 'Forbidden',
    Status: 403,
    Detail: 'AuthenticationUnsuccessful',
    Instance: null,
    Extensions: {},
  });

export const notFound = () =>
  new XeroHttpError(404, {
    Title: 'Not Found',
    Status: 404,
    Detail: "The resource you're looking for cannot be found",
  });

/** Xero's 400 for a malformed request (not a per-element validation failure). */
export const badRequest = (message: string) =>
  new XeroHttpError(400, { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: message });
