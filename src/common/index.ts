export * from './access';
export { AllExceptionsFilter, statusOf, wantsJson } from './all-exceptions.filter';
export {
  ChangedByOthersError,
  ConflictError,
  DomainError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
} from './domain.error';
export { flash, takeFlash } from './flash';
export { FieldErrors, FormResult, validateForm } from './forms';
export * from './http.errors';
export { loggerParams, redactUrl } from './logging';
export { IS_PUBLIC, Public } from './public.decorator';
export { safeNextPath } from './redirects';
export { configureViews, PROJECT_ROOT, PUBLIC_DIR, VIEWS_DIR } from './views';
export { UuidPipe } from './uuid.pipe';
export { navigationFor } from './navigation';
export { viewContext } from './view-context.middleware';
export { formatDateTime, isCalendarDate } from './dates';
export { CHARACTER_NOT_ALLOWED, containsControlCharacter } from './text-input';
export { startHttpApp } from './http-app';
export { SubmitOnceModule } from './submit-once.module';
export {
  ALREADY_RECORDED,
  newFormToken,
  SubmissionInProgressError,
  SubmitOnceService,
} from './submit-once.service';
