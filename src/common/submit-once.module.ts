import { Global, Module } from '@nestjs/common';
import { SubmitOnceService } from './submit-once.service';

@Global()
@Module({ providers: [SubmitOnceService], exports: [SubmitOnceService] })
export class SubmitOnceModule {}
