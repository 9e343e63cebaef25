import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { searchModule } from './modules/search';

export default createApp({
  features: [catalogPlugin, navModule, searchModule],
});
