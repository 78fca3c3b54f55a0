let count = 0;
export const handler = async (event, context) => {
  count += 1;
  return { count, style: 'esm', requestId: context.awsRequestId, memory: context.memoryLimitInMB, event };
};
