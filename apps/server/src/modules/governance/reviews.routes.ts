import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DatasetPreview,
  DecideReviewBody,
  ListReviewsQuery,
  OrgParams,
  PreviewQuery,
  Review,
  ReviewParams,
  pageOf,
} from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { ReviewsService } from './reviews.service.js';

const tags = ['reviews'];

export function reviewsRoutes(app: FastifyInstance, reviews: ReviewsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:orgId/reviews',
    {
      schema: {
        tags,
        summary: 'Dataset versions waiting for (or given) an admin decision',
        params: OrgParams,
        querystring: ListReviewsQuery,
        response: { 200: pageOf(Review) },
      },
    },
    (request) => reviews.list(actorOf(request).principal, request.params.orgId, request.query),
  );
  r.get(
    '/api/v1/reviews/:reviewId/preview',
    {
      schema: {
        tags,
        summary: "Rows of the version under review (the org's reviewers, whatever its status)",
        params: ReviewParams,
        querystring: PreviewQuery,
        response: { 200: DatasetPreview },
      },
    },
    (request) =>
      reviews.preview(actorOf(request).principal, request.params.reviewId, request.query),
  );
  for (const [verb, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    r.post(
      `/api/v1/reviews/:reviewId/${verb}`,
      {
        schema: {
          tags,
          summary: `${verb === 'approve' ? 'Approve' : 'Reject'} a dataset version, with the reason`,
          params: ReviewParams,
          body: DecideReviewBody,
          response: { 200: Review },
        },
      },
      (request) =>
        reviews.decide(actorOf(request), request.params.reviewId, decision, request.body),
    );
  }
}
