import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

export class InvoiceNumberingDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @Matches(/^[A-Za-z0-9][A-Za-z0-9/_-]{0,9}$/, {
    message:
      'Use 1 to 10 letters, digits, dashes, slashes or underscores, starting with a letter or digit (for example INV-).',
  })
  prefix: string;
}
