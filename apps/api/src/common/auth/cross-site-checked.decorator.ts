import { SetMetadata } from '@nestjs/common';

export const CROSS_SITE_CHECKED = 'wfchat:cross-site-checked';

/**
 * The CSRF guard lets this route's writes through from other sites: the
 * handler decides itself which origins it serves (embed session minting),
 * and must call `assertSameSite` for everything else.
 */
export const CrossSiteChecked = () => SetMetadata(CROSS_SITE_CHECKED, true);
