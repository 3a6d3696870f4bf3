import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsEnum, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { Role } from '../../common';
import { MIN_PASSWORD_LENGTH } from '../passwords';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the person’s name.' })
  @MaxLength(200, { message: 'The name can be at most 200 characters.' })
  name: string;

  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'Enter a valid email address, like name@example.com.' })
  @MaxLength(254, { message: 'The email can be at most 254 characters.' })
  email: string;

  @IsEnum(Role, { message: 'Choose a role.' })
  role: Role;

  @MinLength(MIN_PASSWORD_LENGTH, {
    message: `The initial password must be at least ${MIN_PASSWORD_LENGTH} characters.`,
  })
  @MaxLength(200, { message: 'The password can be at most 200 characters.' })
  password: string;

  /** Checkbox: the user replaces the handed-over password at first sign-in. */
  @Transform(({ value }) => value === 'on' || value === 'true' || value === true)
  @IsBoolean()
  mustChangePassword: boolean = false;
}

export class ChangeRoleDto {
  @IsEnum(Role, { message: 'Choose a role.' })
  role: Role;
}

export class ChangePasswordDto {
  @IsNotEmpty({ message: 'Enter your current password.' })
  currentPassword: string;

  @MinLength(MIN_PASSWORD_LENGTH, {
    message: `The new password must be at least ${MIN_PASSWORD_LENGTH} characters.`,
  })
  @MaxLength(200, { message: 'The password can be at most 200 characters.' })
  newPassword: string;

  confirmPassword: string;
}

/** The sign-in form; wrong credentials are the strategy's answer, this only refuses what cannot be an account. */
export class SignInFormDto {
  @IsString({ message: 'Enter your email.' })
  @MaxLength(254, { message: 'The email can be at most 254 characters.' })
  email: string;

  @IsString({ message: 'Enter your password.' })
  @MaxLength(200, { message: 'The password can be at most 200 characters.' })
  password: string;
}
