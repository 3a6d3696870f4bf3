import 'reflect-metadata';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ALL_ROLES, Role } from '../common';
import { ConfigError, loadProcessConfig, newUserPasswordFromEnvironment } from '../config';
import { applyMigrations, openDatabase } from '../database';
import { Account, hashPassword, MIN_PASSWORD_LENGTH, User } from '../identity';
import { createOrmOptions } from '../mikro-orm.config';

const USAGE =
  'Usage: npm run user:create -- --account "Organisation name" [--create-account] --email person@example.com ' +
  '--role owner [--name "Full Name"]\n' +
  `Roles: ${ALL_ROLES.join(', ')}. The password comes from LRM_NEW_USER_PASSWORD or is asked for.`;

/** Asks for a password twice without echoing it. */
async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('No terminal to ask for a password: set LRM_NEW_USER_PASSWORD.');
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(question);
      const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
      rl.question('', (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  if (first !== (await ask('Password again: '))) throw new Error('The two passwords do not match.');
  return first;
}

/** The named account; a new one only when asked, so a typo never creates a second organisation. */
async function chooseAccount(em: EntityManager, name: string, create: boolean): Promise<Account> {
  const found = await em.find(Account, { name });
  if (found.length > 1)
    throw new Error(`Several accounts are named "${name}"; give the user to one of them in the app.`);
  if (found.length === 1) return found[0];
  if (!create) throw new Error(`There is no account named "${name}". Add --create-account to create it.`);
  return em.create(Account, { name });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      account: { type: 'string' },
      'create-account': { type: 'boolean' },
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const role = values.role as Role;
  if (!values.account || !values.email || !ALL_ROLES.includes(role)) throw new Error(USAGE);
  const password = newUserPasswordFromEnvironment() ?? (await promptPassword());
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }

  const config = loadProcessConfig();
  const database = await openDatabase(config);
  const orm = await MikroORM.init(createOrmOptions(database.url));
  try {
    await applyMigrations(orm);
    const em = orm.em.fork() as EntityManager;
    const email = values.email.trim().toLowerCase();
    if (await em.count(User, { email })) throw new Error(`A user with the email ${email} already exists.`);
    const account = await chooseAccount(em, values.account, values['create-account'] ?? false);
    em.persist(new User(account, email, values.name ?? email, role, await hashPassword(password)));
    await em.flush();
    process.stdout.write(`Created ${role} ${email} in account "${account.name}".\n`);
  } finally {
    await orm.close(true);
    await database.stop();
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? `Configuration error: ${error.message}` : (error as Error).message;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
