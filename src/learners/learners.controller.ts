import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AuthenticatedUser,
  CurrentUser,
  FieldErrors,
  ALREADY_RECORDED,
  flash,
  newFormToken,
  Role,
  Roles,
  SignedIn,
  SubmitOnceService,
  UuidPipe,
  validateForm,
} from '../common';
import { BulkSyncFormDto, EditLearnerFormDto, LearnerFormDto } from './dto/learner-form.dto';
import { LearnersService } from './learners.service';
import { LearnerChangedError, LearnerFieldError } from './learners.errors';
import {
  canWrite,
  learnerDetails,
  learnerFormValues,
  learnerListView,
  parseLearnerQuery,
} from './learners.view-model';

const WRITERS = [Role.Owner, Role.Admin, Role.Finance];

@SignedIn()
@Controller('learners')
export class LearnersController {
  constructor(
    private readonly learners: LearnersService,
    private readonly submissions: SubmitOnceService,
  ) {}

  @Get()
  @Render('learners/list')
  async list(@CurrentUser() me: AuthenticatedUser, @Query() raw: Record<string, unknown>) {
    const query = parseLearnerQuery(raw);
    const page = await this.learners.list(me.accountId, query);
    return { title: 'Learners', ...learnerListView(page, query), canWrite: canWrite(me) };
  }

  @Roles(...WRITERS)
  @Get('new')
  @Render('learners/form')
  newLearner() {
    return {
      title: 'Add a learner',
      action: '/learners',
      values: { syncToXero: true, country: 'Australia', formToken: newFormToken() },
    };
  }

  @Roles(...WRITERS)
  @Post()
  async create(
    @CurrentUser() me: AuthenticatedUser,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const rerender = (errors: FieldErrors) =>
      res.status(400).render('learners/form', {
        title: 'Add a learner',
        action: '/learners',
        values: { ...learnerFormValues(body), formToken: body.formToken },
        errors,
      });
    const form = await validateForm(LearnerFormDto, body);
    if (!form.ok) return rerender(form.errors);
    try {
      const { location, replayed } = await this.submissions.once(me, body.formToken, async () => {
        const learner = await this.learners.create(me.accountId, form.value);
        flash(req, 'success', `${learner.fullName} was added as ${learner.studentNumber}.`);
        return `/learners/${learner.id}`;
      });
      if (replayed) flash(req, 'info', ALREADY_RECORDED);
      return res.redirect(303, location);
    } catch (error) {
      if (error instanceof LearnerFieldError) return rerender({ [error.field]: error.message });
      throw error;
    }
  }

  @Roles(...WRITERS)
  @Post('sync-to-xero')
  async bulkSync(
    @CurrentUser() me: AuthenticatedUser,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = await validateForm(BulkSyncFormDto, body);
    if (!form.ok) {
      flash(req, 'error', form.errors.ids ?? form.errors.syncToXero);
    } else {
      const on = form.value.syncToXero === 'on';
      const changed = await this.learners.setSyncToXero(me.accountId, form.value.ids, on);
      flash(
        req,
        'success',
        `"Sync to Xero" is now ${on ? 'on' : 'off'} for the ${form.value.ids.length} selected learner(s)` +
          (changed === form.value.ids.length ? '.' : ` (${changed} changed).`),
      );
    }
    return res.redirect(303, safeReturn(body.returnTo));
  }

  @Get(':id')
  @Render('learners/show')
  async show(@CurrentUser() me: AuthenticatedUser, @Param('id', UuidPipe) id: string) {
    const learner = await this.learners.get(me.accountId, id);
    return { title: learner.fullName, learner: learnerDetails(learner, me.timeZone), canWrite: canWrite(me) };
  }

  @Roles(...WRITERS)
  @Get(':id/edit')
  @Render('learners/form')
  async edit(@CurrentUser() me: AuthenticatedUser, @Param('id', UuidPipe) id: string) {
    const learner = await this.learners.get(me.accountId, id);
    return {
      title: `Edit ${learner.fullName}`,
      action: `/learners/${learner.id}`,
      editing: true,
      cancel: `/learners/${learner.id}`,
      values: learnerFormValues(learner),
    };
  }

  @Roles(...WRITERS)
  @Post(':id')
  async update(
    @CurrentUser() me: AuthenticatedUser,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    // Loaded first so another account's learner is a 404 whatever the form holds.
    const learner = await this.learners.get(me.accountId, id);
    const rerender = (status: number, errors: FieldErrors, conflict?: string) =>
      res.status(status).render('learners/form', {
        title: `Edit ${learner.fullName}`,
        action: `/learners/${id}`,
        editing: true,
        cancel: `/learners/${id}`,
        // After a conflict the form carries the saved version, so saving again is a deliberate overwrite.
        values: { ...learnerFormValues(body), ...(conflict ? { version: learner.version } : {}) },
        errors,
        conflict,
        saved: conflict ? learnerDetails(learner, me.timeZone) : undefined,
      });
    const form = await validateForm(EditLearnerFormDto, body);
    if (!form.ok) return rerender(400, form.errors);
    try {
      const saved = await this.learners.update(me.accountId, id, form.value);
      flash(req, 'success', `${saved.fullName} was saved.`);
      return res.redirect(303, `/learners/${id}`);
    } catch (error) {
      if (error instanceof LearnerFieldError) return rerender(400, { [error.field]: error.message });
      if (error instanceof LearnerChangedError) return rerender(409, {}, error.message);
      throw error;
    }
  }
}

/** The bulk action returns to the list page it came from (search and page kept), never elsewhere. */
function safeReturn(value: unknown): string {
  return typeof value === 'string' && /^\/learners(\?[^\s]*)?$/.test(value) ? value : '/learners';
}
