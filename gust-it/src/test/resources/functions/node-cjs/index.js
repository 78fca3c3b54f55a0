const crypto = require('crypto');
const TOKEN = crypto.randomUUID();
let count = 0;
exports.handler = async (event, context) => {
  count += 1;
  if (event.action === 'raise') throw new TypeError('bad input');
  console.log('node cjs says hi');
  return { token: TOKEN, count, style: 'cjs', requestId: context.awsRequestId,
           functionName: context.functionName, remainingMs: context.getRemainingTimeInMillis(), event };
};
