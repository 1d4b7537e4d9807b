import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicCatalogue } from '../../src/catalogue/public-view.js';
import { notFound } from '../../src/errors.js';

const Department = Type.Object({ code: Type.String(), name: Type.String(), inDistricts: Type.Boolean() });
const Limit = Type.Object({ value: Type.Integer(), unit: Type.String(), label: Type.String() });

export const PublicCatalogue = Type.Object({
  jurisdiction: Type.String(),
  name: Type.String(),
  title: Type.String(),
  version: Type.String(),
  departments: Type.Array(Department),
  matters: Type.Array(Type.Object({
    code: Type.String(),
    title: Type.String(),
    pollutionTypes: Type.Array(Type.String({ description: '大气, 水, 噪声, 固废, 土壤, 辐射, 生态破坏, 其他' })),
    subTypes: Type.Array(Type.String({ description: '二级分类 of the 12369 statistics: 工业废气, 扬尘, 建筑施工噪声, …' })),
    lead: Type.Object({ code: Type.String(), name: Type.String() }),
    cooperating: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  })),
  timeLimits: Type.Object({
    defaults: Type.Record(Type.String(), Limit),
    overrides: Type.Array(Type.Object({ when: Type.String(), limits: Type.Record(Type.String(), Limit) })),
  }),
  districts: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
});

const publicCatalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/catalogue/:jurisdiction', {
    schema: {
      tags: ['public'],
      summary: '生态环境保护责任清单: which department leads which matter, and the time limits',
      params: Type.Object({ jurisdiction: Type.String({ maxLength: 32 }) }),
      response: { 200: PublicCatalogue, 404: Type.Ref('Error') },
    },
  }, async (request) => {
    const compiled = app.services.catalogues.get(request.params.jurisdiction);
    if (!compiled) throw notFound('JURISDICTION_NOT_FOUND', `no catalogue for "${request.params.jurisdiction}"; try ${[...app.services.catalogues.keys()].join(' or ')}`);
    return publicCatalogue(compiled.catalogue);
  });
};

export default publicCatalogueRoutes;
