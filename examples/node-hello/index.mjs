// A hello function for Gust's nodejs20.x runtime.
//
// The counter lives at module level: it survives between invocations served by the same
// instance, and starts again at 1 on a cold start.

let invocations = 0;

export const handler = async (event, context) => {
  invocations += 1;
  const name = event?.name ?? 'world';
  console.log(`greeting ${name} (invocation ${invocations} of this instance)`);
  return {
    message: `Hello, ${name}!`,
    invocations,
    requestId: context.awsRequestId,
  };
};
