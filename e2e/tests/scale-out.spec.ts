import { ApiClient, templateDefinition } from '../support/api-client.js';
import { expect, test } from '../support/fixtures.js';
import { startCluster } from '../support/product.js';

const shared = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

test.describe('two API instances behind one database and one Redis', () => {
  test.skip(!shared, 'needs DATABASE_URL and REDIS_URL: PGlite is one process, in-process stores are per instance');

  let cluster: Awaited<ReturnType<typeof startCluster>>;
  test.beforeAll(async () => {
    // Same CHAT_JWT_KEYS (baseEnv), same database, same Redis.
    cluster = await startCluster(2);
  });
  test.afterAll(async () => {
    await cluster?.close();
  });

  test('a visitor on instance B is refused at the next message after the author rotates the link on instance A', async ({
    newVisitor,
  }) => {
    const [a, b] = cluster.instances;
    if (!a || !b) throw new Error('the cluster has two instances');
    const author = await ApiClient.signUp(a.baseUrl);
    const workflow = await author.createWorkflow(templateDefinition('Clustered:'));
    const { shareUrl } = await author.publish(workflow.id);

    // The same link, served by instance B.
    const linkOnB = shareUrl.replace(a.baseUrl, b.baseUrl);
    expect(linkOnB).not.toBe(shareUrl);
    const visitor = await newVisitor({ baseURL: b.baseUrl });
    await visitor.open(linkOnB);
    await visitor.chat.ask('hello from B', 'Clustered: hello from B');

    await author.rotate(workflow.id);

    await visitor.chat.send('still there, B?');
    await visitor.expectScreen('invalid-link');
  });
});
