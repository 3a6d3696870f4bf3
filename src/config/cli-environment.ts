/** The password for `npm run user:create`, when given through the environment rather than typed at a prompt. */
export function newUserPasswordFromEnvironment(): string | undefined {
  return process.env.LRM_NEW_USER_PASSWORD || undefined;
}
