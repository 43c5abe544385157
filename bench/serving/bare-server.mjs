// The limit for the serving bench: a bare Fastify route that parses the same JSON body and answers
// a prediction-shaped JSON reply, with no auth, validation or model. Prints its URL on stdout.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/predict', async (request) => {
  const { records } = request.body;
  return {
    predictions: records.map(() => ({ label: 'Adelie', probabilities: { Adelie: 1 } })),
    predictionId: '00000000-0000-4000-8000-000000000000',
  };
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`bare route at ${address}`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
