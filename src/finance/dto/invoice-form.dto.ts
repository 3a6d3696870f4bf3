import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  Validate,
} from 'class-validator';
import { InvoiceStatus } from '../invoice.entity';
import { MAX_INVOICE_TOTAL_CENTS, MAX_QUANTITY, MAX_UNIT_AMOUNT_CENTS, TaxType } from '../money';
import { AmountConstraint, IsCalendarDate, NotBefore, QuantityConstraint } from './validators';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const optional = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || undefined : value;

export class InvoiceFormDto {
  @IsUUID('all', { message: 'Choose a learner.' })
  learner: string;

  @IsCalendarDate('Enter the issue date, like 2026-11-26.')
  issueDate: string;

  @IsCalendarDate('Enter the due date, like 2026-12-10.')
  @NotBefore('issueDate', 'The due date cannot be before the issue date.')
  dueDate: string;

  @Transform(optional)
  @IsOptional()
  @MaxLength(255, { message: 'The reference can be at most 255 characters.' })
  reference?: string;

  @IsIn([InvoiceStatus.Draft, InvoiceStatus.AwaitingPayment], {
    message: 'Choose whether to save a draft or approve the invoice.',
  })
  status: InvoiceStatus.Draft | InvoiceStatus.AwaitingPayment;
}

export class InvoiceLineFormDto {
  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter a description.' })
  @MaxLength(500, { message: 'The description can be at most 500 characters.' })
  description: string;

  @Transform(trimmed)
  @Validate(QuantityConstraint, [MAX_QUANTITY])
  quantity: string;

  @Transform(trimmed)
  @Validate(AmountConstraint, [MAX_UNIT_AMOUNT_CENTS])
  unitAmount: string;

  @Transform(optional)
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{1,10}$/, {
    message: 'Enter an account code of up to 10 letters or digits, like 200.',
  })
  accountCode?: string;

  @Transform(optional)
  @IsOptional()
  @IsIn(Object.values(TaxType), { message: 'Choose a tax type from the list.' })
  taxType?: TaxType;
}

export class PaymentFormDto {
  @Transform(trimmed)
  // A payment is at most the amount due, itself at most the largest invoice total.
  @Validate(AmountConstraint, [MAX_INVOICE_TOTAL_CENTS])
  amount: string;

  @IsCalendarDate('Enter the payment date, like 2026-11-26.')
  date: string;

  @Transform(optional)
  @IsOptional()
  @MaxLength(255, { message: 'The reference can be at most 255 characters.' })
  reference?: string;

  @Type(() => Number)
  @IsInt({ message: 'Reload the page and try again.' })
  @Min(1, { message: 'Reload the page and try again.' })
  version: number;
}

export class VoidFormDto {
  @IsIn(['yes'], { message: 'Confirm that the invoice should be voided.' })
  confirm: string;

  @Type(() => Number)
  @IsInt({ message: 'Reload the page and try again.' })
  @Min(1, { message: 'Reload the page and try again.' })
  version: number;
}
