import { EntityCatalog } from '../entities/EntityCatalog';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { DiagnosisService } from './DiagnosisService';

export interface DiagnosisRouteDeps {
  requests: EntityRequests;
  catalog: EntityCatalog;
  doctor: DiagnosisService;
}

/** `GET .../diagnosis`: the monitoring doctor for one entity. */
export function diagnosisRoutes(
  router: ObservabilityRouter,
  { requests, catalog, doctor }: DiagnosisRouteDeps,
) {
  router.get(`${ENTITY_PATH}/diagnosis`, async (req, res) => {
    // Read with the caller's own credentials: no entity, no diagnosis; and
    // only names of entities the caller can read in what it suggests.
    const { entity, credentials } = await requests.entity(req);
    res.json(
      await doctor.diagnose(entity, names =>
        catalog.readableNames(names, credentials),
      ),
    );
  });
}
