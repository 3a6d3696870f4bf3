import { Module } from '@nestjs/common';
import { XeroAuthModule } from '../xero-auth';
import { DashboardController } from './dashboard.controller';

@Module({ imports: [XeroAuthModule], controllers: [DashboardController] })
export class DashboardModule {}
