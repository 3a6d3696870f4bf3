export { Account } from './account.entity';
export { DEMO_ACCOUNT_NAME, DEMO_PASSWORD, DEMO_USERS, DemoAccountsSeeder } from './demo-accounts.seeder';
export { IdentityModule } from './identity.module';
export { hashPassword, MIN_PASSWORD_LENGTH } from './passwords';
export { User } from './user.entity';
export { UsersService } from './users.service';
