import { generators, Issuer } from 'openid-client';
import request from 'supertest';
import { AppConfig } from '../../src/config';

/** Handlebars escapes & < > " ' ` = in attribute values; forms are read back as a browser would. */
function unescapeHtml(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCharCode(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The hidden inputs of a page's form, as name -> value. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1])] = unescapeHtml(match[2]);
  }
  return fields;
}

/** The organisations offered as checkboxes on the consent page: name -> tenant id. */
export function organisationChoices(html: string): Record<string, string> {
  const choices: Record<string, string> = {};
  for (const match of html.matchAll(
    /<input type="checkbox" name="tenant" value="([^"]+)"> ([^<]+)<\/label>/g,
  )) {
    choices[unescapeHtml(match[2].trim())] = unescapeHtml(match[1]);
  }
  return choices;
}

export interface AuthorizeOutcome {
  /** The URL the sandbox redirected the browser back to (the app's callback with code or error). */
  callbackUrl: string;
  params: Record<string, string>;
}

/**
 * Walks the sandbox's authorize pages as a person would: open the authorize URL, sign in, pick
 * organisations by name (all offered when `organisations` is omitted), then Authorise or Cancel.
 */
export async function authorizeInSandbox(
  authorizationUrl: string,
  options: { email: string; password?: string; organisations?: string[]; cancel?: boolean },
): Promise<AuthorizeOutcome> {
  const url = new URL(authorizationUrl);
  const agent = request.agent(url.origin);
  const page = await agent.get(`${url.pathname}${url.search}`).expect(200);
  const signIn = await agent
    .post(url.pathname)
    .type('form')
    .send({ ...hiddenFields(page.text), email: options.email, password: options.password ?? 'sandbox' })
    .expect(200);
  const offered = organisationChoices(signIn.text);
  const chosen = options.organisations
    ? options.organisations.map((name) => {
        if (!offered[name]) throw new Error(`organisation ${name} was not offered`);
        return offered[name];
      })
    : Object.values(offered);
  const fields = hiddenFields(signIn.text);
  const form = new URLSearchParams({ ...fields, action: options.cancel ? 'cancel' : 'authorise' });
  for (const tenant of chosen) form.append('tenant', tenant);
  const consent = await agent.post(url.pathname).type('form').send(form.toString()).expect(302);
  const callbackUrl = consent.headers.location as string;
  return { callbackUrl, params: Object.fromEntries(new URL(callbackUrl).searchParams) };
}

export interface SandboxConnection {
  accessToken: string;
  refreshToken: string;
  /** Connected organisations by name -> tenant id. */
  tenants: Record<string, string>;
}

/**
 * Connects to the sandbox of a listening test app as the real product will: openid-client discovery,
 * the authorize pages with PKCE, the code exchange, then `/connections`.
 */
export async function connectSandbox(
  app: { url?: string; config: AppConfig },
  options: { email?: string; organisations?: string[]; scopes?: string[] } = {},
): Promise<SandboxConnection> {
  const { xero } = app.config;
  const issuer = await Issuer.discover(xero.identityUrl);
  const client = new issuer.Client({
    client_id: xero.clientId,
    client_secret: xero.clientSecret,
    redirect_uris: [xero.redirectUri],
    response_types: ['code'],
  });
  const verifier = generators.codeVerifier();
  const state = generators.state();
  const url = client.authorizationUrl({
    scope: (options.scopes ?? xero.scopes).join(' '),
    code_challenge: generators.codeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  const outcome = await authorizeInSandbox(url, {
    email: options.email ?? 'multi@sandbox.test',
    organisations: options.organisations,
  });
  const tokens = await client.callback(xero.redirectUri, outcome.params, { code_verifier: verifier, state });
  const connections = await request(xero.apiUrl)
    .get('/connections')
    .set('Authorization', `Bearer ${tokens.access_token}`)
    .expect(200);
  return {
    accessToken: tokens.access_token!,
    refreshToken: tokens.refresh_token!,
    tenants: Object.fromEntries(
      (connections.body as { tenantName: string; tenantId: string }[]).map((c) => [c.tenantName, c.tenantId]),
    ),
  };
}

/** A browser signed in to the sandbox's "Xero" pages (/xero-sandbox/app) as a sandbox Xero user. */
export async function xeroAppAs(appUrl: string, email: string, password = 'sandbox') {
  const agent = request.agent(appUrl);
  const page = await agent.get('/xero-sandbox/app/login').expect(200);
  await agent
    .post('/xero-sandbox/app/login')
    .type('form')
    .send({ ...hiddenFields(page.text), email, password })
    .expect(303);
  return agent;
}
