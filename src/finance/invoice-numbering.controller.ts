import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccountOwnerOnly, AuthenticatedUser, CurrentUser, flash, validateForm } from '../common';
import { InvoiceNumberingDto } from './dto/invoice-numbering.dto';
import { InvoiceNumberingService } from './invoice-numbering.service';

/** Settings > Invoice numbers: the prefix of LRM invoice numbers (they become Xero's InvoiceNumber). */
@AccountOwnerOnly()
@Controller('settings/invoicing')
export class InvoiceNumberingController {
  constructor(private readonly numbering: InvoiceNumberingService) {}

  @Get()
  @Render('finance/numbering')
  async page(@CurrentUser() user: AuthenticatedUser) {
    const current = await this.numbering.get(user.accountId);
    return { title: 'Invoice numbers', values: current, nextNumber: current.nextNumber };
  }

  @Post()
  async save(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: Record<string, string>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = await validateForm(InvoiceNumberingDto, body);
    if (!form.ok) {
      const current = await this.numbering.get(user.accountId);
      return res.status(400).render('finance/numbering', {
        title: 'Invoice numbers',
        values: { prefix: body.prefix ?? '' },
        nextNumber: current.nextNumber,
        errors: form.errors,
      });
    }
    const saved = await this.numbering.setPrefix(user.accountId, form.value.prefix);
    flash(
      req,
      'success',
      `New invoices are numbered from ${saved.nextNumber}. Existing invoices keep their numbers.`,
    );
    return res.redirect(303, '/settings/invoicing');
  }
}
