import { useSectionParams } from '../shared/sectionLink';
import { TraceSearch } from './TraceSearch';
import { TraceView } from './TraceView';

/** Searches the entity's traces; with `?traceId=`, shows that trace. */
export function TracesSection() {
  const [params] = useSectionParams();
  const traceId = params.get('traceId');
  return traceId ? <TraceView traceId={traceId} /> : <TraceSearch />;
}
