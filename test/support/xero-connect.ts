import { Visitor, csrfFrom } from './browser-session';
import { authorizeInSandbox } from './xero-sandbox';

/** Starts Connect as the signed-in owner: returns the sandbox authorize URL the app sent the browser to. */
export async function startConnect(owner: Visitor): Promise<string> {
  const token = csrfFrom((await owner.agent.get('/settings/integrations')).text);
  const res = await owner.agent
    .post('/settings/integrations/xero/connect')
    .type('form')
    .send({ _csrf: token });
  if (res.status !== 303) throw new Error(`Connect answered ${res.status}`);
  return res.headers.location as string;
}

/** Path and query of a callback URL, to follow it with the owner's own cookies. */
export const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** The whole round trip: Connect, sandbox sign-in and consent, back to the app's callback. */
export async function connectAs(
  owner: Visitor,
  xeroUser: { email: string; organisations?: string[]; cancel?: boolean },
) {
  const authorizeUrl = await startConnect(owner);
  const outcome = await authorizeInSandbox(authorizeUrl, xeroUser);
  const callback = await owner.agent.get(pathOf(outcome.callbackUrl));
  return { authorizeUrl, outcome, callback };
}
