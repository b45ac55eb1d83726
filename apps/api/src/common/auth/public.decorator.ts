import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'wfchat:isPublic';

/** The only way out of the global auth guard: marks a route or controller as anonymous. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
