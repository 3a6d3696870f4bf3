import type { Request } from 'express';
import type { FlashMessage } from './access';

/** Queues a message for the next page this session renders (after a POST-redirect). */
export function flash(req: Request, kind: FlashMessage['kind'], message: string): void {
  if (!req.session) return;
  (req.session.flash ??= []).push({ kind, message });
}

export function takeFlash(req: Request): FlashMessage[] {
  const messages = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  return messages;
}
