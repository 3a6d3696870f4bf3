import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsUUID,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isCalendarDate } from '../../common';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Optional text fields: a blank entry means "none". */
const optional = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || undefined : value;
const checkbox = ({ value }: { value: unknown }) => value === 'on' || value === 'true' || value === true;

@ValidatorConstraint({ name: 'pastCalendarDate' })
class PastCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isCalendarDate(value) && new Date(`${value}T00:00:00Z`) <= new Date();
  }
  defaultMessage(): string {
    return 'Enter the date of birth as a past date from 1900 on, like 2001-04-23.';
  }
}

export class LearnerFormDto {
  @Transform(optional)
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'Use letters, digits and dashes only, like STU-000123.' })
  @MaxLength(30, { message: 'The student number can be at most 30 characters.' })
  studentNumber?: string;

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the first name.' })
  @MaxLength(100, { message: 'The first name can be at most 100 characters.' })
  firstName: string;

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the last name.' })
  @MaxLength(100, { message: 'The last name can be at most 100 characters.' })
  lastName: string;

  @Transform(optional)
  @IsOptional()
  @MaxLength(100, { message: 'The preferred name can be at most 100 characters.' })
  preferredName?: string;

  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value))
  @IsOptional()
  @IsEmail({}, { message: 'Enter a valid email address, like name@example.com.' })
  @MaxLength(254, { message: 'The email can be at most 254 characters.' })
  email?: string;

  @Transform(optional)
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'Enter a phone number of digits, like 0412 345 678.' })
  phone?: string;

  @Transform(optional)
  @IsOptional()
  @Validate(PastCalendarDate)
  dateOfBirth?: string;

  @Transform(optional)
  @IsOptional()
  @MaxLength(200, { message: 'The street can be at most 200 characters.' })
  street?: string;

  @Transform(optional)
  @IsOptional()
  @MaxLength(100, { message: 'The suburb can be at most 100 characters.' })
  suburb?: string;

  @Transform(optional)
  @IsOptional()
  @MaxLength(50, { message: 'The state can be at most 50 characters.' })
  state?: string;

  @Transform(optional)
  @IsOptional()
  @MaxLength(20, { message: 'The postcode can be at most 20 characters.' })
  postcode?: string;

  @Transform(optional)
  @IsOptional()
  @MaxLength(100, { message: 'The country can be at most 100 characters.' })
  country?: string;

  @Transform(checkbox)
  @IsBoolean()
  syncToXero: boolean = false;

  @Transform(checkbox)
  @IsBoolean()
  archived: boolean = false;
}

export class EditLearnerFormDto extends LearnerFormDto {
  /** The version the form was loaded at: a different saved version means someone else changed it. */
  @Type(() => Number)
  @IsInt({ message: 'Reload the page and try again.' })
  @Min(1, { message: 'Reload the page and try again.' })
  version: number;
}

export class BulkSyncFormDto {
  @Transform(({ value }) => (value === undefined ? [] : [value].flat()))
  @IsUUID('all', { each: true, message: 'Choose learners from the list.' })
  @ArrayMinSize(1, { message: 'Tick at least one learner first.' })
  ids: string[] = [];

  @IsIn(['on', 'off'], { message: 'Choose whether to turn syncing on or off.' })
  syncToXero: 'on' | 'off';
}
