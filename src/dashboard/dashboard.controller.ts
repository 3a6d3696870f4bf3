import { Controller, Get, Render } from '@nestjs/common';
import { SignedIn } from '../common';

@SignedIn()
@Controller()
export class DashboardController {
  @Get()
  @Render('dashboard/index')
  index() {
    return { title: 'Dashboard' };
  }
}
