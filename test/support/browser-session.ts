import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

/** The `_csrf` value of the first form in a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1];
}

export interface Visitor {
  agent: TestAgent;
  /** A fresh CSRF token of this visitor's session, read from a page as a browser would. */
  csrf(page?: string): Promise<string>;
}

/** A cookie-keeping visitor, like a browser. */
export function visitor(app: INestApplication): Visitor {
  const agent = request.agent(app.getHttpServer());
  return {
    agent,
    csrf: async (page = '/login') => csrfFrom((await agent.get(page)).text),
  };
}

/** Signs in through the sign-in form and returns the signed-in visitor. */
export async function signIn(app: INestApplication, email: string, password: string): Promise<Visitor> {
  const v = visitor(app);
  const token = await v.csrf('/login');
  const res = await v.agent.post('/login').type('form').send({ email, password, _csrf: token });
  if (res.status !== 303) throw new Error(`sign-in as ${email} failed with ${res.status}`);
  return v;
}

export function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith('lrm.sid='))?.split(';')[0];
}
