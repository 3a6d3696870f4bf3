export { AllExceptionsFilter, wantsJson } from './all-exceptions.filter';
export { DomainError, NotFoundError } from './domain.error';
export { loggerParams, redactUrl } from './logging';
export { IS_PUBLIC, Public } from './public.decorator';
export { configureViews, PROJECT_ROOT, PUBLIC_DIR, VIEWS_DIR } from './views';
