import { Migration } from '@mikro-orm/migrations';

export class Migration20261126014738 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "invoice" alter column "subtotal_cents" type bigint using ("subtotal_cents"::bigint);`,
    );
    this.addSql(`alter table "invoice" alter column "tax_cents" type bigint using ("tax_cents"::bigint);`);
    this.addSql(
      `alter table "invoice" alter column "total_cents" type bigint using ("total_cents"::bigint);`,
    );
    this.addSql(
      `alter table "invoice" alter column "amount_paid_cents" type bigint using ("amount_paid_cents"::bigint);`,
    );
    this.addSql(
      `alter table "invoice" alter column "amount_due_cents" type bigint using ("amount_due_cents"::bigint);`,
    );

    this.addSql(`alter table "invoice_line" alter column "quantity" type bigint using ("quantity"::bigint);`);
    this.addSql(
      `alter table "invoice_line" alter column "unit_amount_cents" type bigint using ("unit_amount_cents"::bigint);`,
    );
    this.addSql(
      `alter table "invoice_line" alter column "line_amount_cents" type bigint using ("line_amount_cents"::bigint);`,
    );
    this.addSql(
      `alter table "invoice_line" alter column "tax_cents" type bigint using ("tax_cents"::bigint);`,
    );

    this.addSql(
      `alter table "payment" alter column "amount_cents" type bigint using ("amount_cents"::bigint);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "invoice" alter column "subtotal_cents" type int4 using ("subtotal_cents"::int4);`,
    );
    this.addSql(`alter table "invoice" alter column "tax_cents" type int4 using ("tax_cents"::int4);`);
    this.addSql(`alter table "invoice" alter column "total_cents" type int4 using ("total_cents"::int4);`);
    this.addSql(
      `alter table "invoice" alter column "amount_paid_cents" type int4 using ("amount_paid_cents"::int4);`,
    );
    this.addSql(
      `alter table "invoice" alter column "amount_due_cents" type int4 using ("amount_due_cents"::int4);`,
    );

    this.addSql(`alter table "invoice_line" alter column "quantity" type int4 using ("quantity"::int4);`);
    this.addSql(
      `alter table "invoice_line" alter column "unit_amount_cents" type int4 using ("unit_amount_cents"::int4);`,
    );
    this.addSql(
      `alter table "invoice_line" alter column "line_amount_cents" type int4 using ("line_amount_cents"::int4);`,
    );
    this.addSql(`alter table "invoice_line" alter column "tax_cents" type int4 using ("tax_cents"::int4);`);

    this.addSql(`alter table "payment" alter column "amount_cents" type int4 using ("amount_cents"::int4);`);
  }
}
