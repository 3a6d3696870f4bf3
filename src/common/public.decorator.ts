import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Opens a controller or route to visitors who are not signed in. Everything else requires a session. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
