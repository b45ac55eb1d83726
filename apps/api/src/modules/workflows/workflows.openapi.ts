import {
  ErrorCode,
  ZCreateWorkflowRequest,
  ZUpdateWorkflowRequest,
  ZWorkflow,
  ZWorkflowListResponse,
  ZWorkflowVersion,
  ZWorkflowVersionListResponse,
} from '@wfchat/contracts';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, noContent, operation, ZWorkflowIdParams } from '../../common/openapi/openapi.kit.js';

const tag = 'Workflows';
const notFound = [ErrorCode.WorkflowNotFound];

export const workflowsPaths: ZodOpenApiPathsObject = {
  '/api/workflows': {
    get: operation('get', {
      operationId: 'listWorkflows',
      summary: 'List your workflows',
      tag,
      auth: 'user',
      responses: { 200: json('Your workflows, with their publish state.', ZWorkflowListResponse) },
    }),
    post: operation('post', {
      operationId: 'createWorkflow',
      summary: 'Create a workflow',
      description: 'Without a definition the workflow gets a default one that answers at once.',
      tag,
      auth: 'user',
      body: ZCreateWorkflowRequest,
      responses: { 201: json('The new workflow.', ZWorkflow) },
      errors: { 400: [ErrorCode.WorkflowInvalidDefinition] },
    }),
  },
  '/api/workflows/{id}': {
    get: operation('get', {
      operationId: 'getWorkflow',
      summary: 'One of your workflows',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      responses: { 200: json('The workflow.', ZWorkflow) },
      errors: { 404: notFound },
    }),
    patch: operation('patch', {
      operationId: 'updateWorkflow',
      summary: 'Update a workflow',
      description:
        'Send the `version` you last read: a stale one is refused (optimistic locking). A new definition is saved as a new version.',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      body: ZUpdateWorkflowRequest,
      responses: { 200: json('The updated workflow.', ZWorkflow) },
      errors: {
        400: [ErrorCode.WorkflowInvalidDefinition],
        404: notFound,
        409: [ErrorCode.WorkflowVersionConflict],
      },
    }),
    delete: operation('delete', {
      operationId: 'deleteWorkflow',
      summary: 'Delete a workflow',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      responses: { 204: noContent('Deleted.') },
      errors: { 404: notFound },
    }),
  },
  '/api/workflows/{id}/versions': {
    get: operation('get', {
      operationId: 'listWorkflowVersions',
      summary: 'The saved versions of a workflow',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      responses: {
        200: json('Every saved definition version, newest first, without definitions.', ZWorkflowVersionListResponse),
      },
      errors: { 404: notFound },
    }),
  },
  '/api/workflows/{id}/versions/{number}': {
    get: operation('get', {
      operationId: 'getWorkflowVersion',
      summary: 'One saved version of a workflow',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams.extend({
        number: z.string().regex(/^\d+$/).meta({ description: 'The version number (1, 2, …).' }),
      }),
      responses: { 200: json('The version with its definition.', ZWorkflowVersion) },
      errors: { 400: [ErrorCode.RequestInvalid], 404: [...notFound, ErrorCode.WorkflowVersionNotFound] },
    }),
  },
};
