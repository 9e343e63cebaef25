export { DiagnosisPanel } from './DiagnosisPanel';
export type { GenerateMonitoringRequest } from './DiagnosisPanel';
