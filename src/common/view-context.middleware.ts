import type { NextFunction, Request, Response } from 'express';
import { ROLE_LABELS } from './access';
import { takeFlash } from './flash';
import { navigationFor } from './navigation';

/**
 * Values every page's layout needs. They are getters, read when a page renders (after the access guard has
 * identified the user), so requests that render nothing pay nothing.
 */
export function viewContext(csrfToken: (req: Request) => string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    Object.defineProperties(res.locals, {
      csrfToken: { enumerable: true, get: () => (req.session ? csrfToken(req) : '') },
      flash: { enumerable: true, get: () => takeFlash(req) },
      nav: { enumerable: true, get: () => navigationFor(req.user, req.originalUrl.split('?')[0]) },
      currentUser: {
        enumerable: true,
        get: () => req.user && { ...req.user, roleLabel: ROLE_LABELS[req.user.role] },
      },
    });
    next();
  };
}
