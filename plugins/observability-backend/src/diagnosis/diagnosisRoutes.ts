import {
  ENTITY_PATH,
  ObservabilityRouter,
  RouteContext,
} from '../http/RouteContext';
import { DiagnosisService } from './DiagnosisService';

/** `GET .../diagnosis`: the monitoring doctor for one entity. */
export function diagnosisRoutes(
  router: ObservabilityRouter,
  ctx: RouteContext,
  doctor: DiagnosisService,
) {
  router.get(`${ENTITY_PATH}/diagnosis`, async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // Read with the caller's own credentials: no entity, no diagnosis; and
    // only names of entities the caller can read in what it suggests.
    const entity = await ctx.entities.getEntity(req.params, credentials);
    res.json(
      await doctor.diagnose(entity, names =>
        ctx.entities.readableNames(names, credentials),
      ),
    );
  });
}
