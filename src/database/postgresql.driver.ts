import type { Configuration, LogContext } from '@mikro-orm/core';
import { AbstractSqlDriver } from '@mikro-orm/knex';
import { PostgreSqlConnection, PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { withoutBoundValues } from './query-errors';

/**
 * MikroORM writes every value into the statement before knex runs it, and knex puts that statement into the
 * error's message: a failed insert would carry names, emails and password hashes into any log. Every query
 * of the ORM passes here, so its errors leave with the statement's shape only.
 */
export class LrmPostgreSqlConnection extends PostgreSqlConnection {
  protected override async executeQuery<T>(
    query: string,
    cb: () => Promise<T>,
    context?: LogContext,
  ): Promise<T> {
    try {
      return await super.executeQuery(query, cb, context);
    } catch (error) {
      const shape = context?.query ?? query;
      const formatted = context?.query
        ? this.getPlatform().formatQuery(context.query, context.params ?? [])
        : undefined;
      throw withoutBoundValues(error, shape, formatted);
    }
  }
}

/**
 * MikroORM's PostgreSqlDriver (which adds nothing but its constructor) on the connection above. It keeps that
 * class name: @mikro-orm/nestjs finds the driver's package (and its injectable MikroORM) by it.
 */
class PostgreSqlDriver extends AbstractSqlDriver<LrmPostgreSqlConnection, PostgreSqlPlatform> {
  constructor(config: Configuration) {
    super(config, new PostgreSqlPlatform(), LrmPostgreSqlConnection, ['knex', 'pg']);
  }
}

export { PostgreSqlDriver as LrmPostgreSqlDriver };
