import { Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../identity';
import { FixIn } from './sync.events';
import { SyncRun } from './sync-run.entity';

export enum SyncIssueSeverity {
  Failure = 'failure',
  Warning = 'warning',
}

/** A record a run could not sync, or synced with something the owner should look at. */
@Entity()
@Index({ properties: ['run', 'createdAt'] })
export class SyncIssue {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @ManyToOne(() => SyncRun, { deleteRule: 'cascade' })
  run: SyncRun;

  @Enum({ items: () => SyncIssueSeverity, nativeEnumName: 'sync_issue_severity' })
  severity: SyncIssueSeverity;

  @Property({ type: 'string', length: 20 })
  kind: string;

  @Property({ type: 'uuid' })
  localId: string;

  @Property({ type: 'string', length: 255 })
  label: string;

  @Property({ type: 'string', length: 64, nullable: true })
  xeroId?: string;

  @Property({ type: 'text' })
  message: string;

  @Property({ type: 'text', nullable: true })
  xeroMessage?: string;

  @Property({ type: 'text', nullable: true })
  hint?: string;

  @Property({ type: 'string', length: 20 })
  fixIn: FixIn;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  constructor(
    run: SyncRun,
    account: Account,
    severity: SyncIssueSeverity,
    detail: {
      kind: string;
      localId: string;
      label: string;
      message: string;
      fixIn: FixIn;
      xeroId?: string;
      xeroMessage?: string;
      hint?: string;
    },
  ) {
    this.run = run;
    this.account = account;
    this.severity = severity;
    this.kind = detail.kind;
    this.localId = detail.localId;
    this.label = detail.label;
    this.message = detail.message;
    this.fixIn = detail.fixIn;
    this.xeroId = detail.xeroId;
    this.xeroMessage = detail.xeroMessage;
    this.hint = detail.hint;
  }
}
