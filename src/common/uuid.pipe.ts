import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { NotFoundError } from './domain.error';

/** A route id that is not even a UUID names nothing: 404, like an id of another account. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new NotFoundError('Not found.');
    return value;
  }
}
