export { LogsSection } from './LogsSection';
