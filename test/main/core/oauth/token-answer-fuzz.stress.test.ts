// `npm run test:stress`: the whole token-answer fuzz, 10,000 answers (see token-answer-fuzz.ts).
import { describeTokenAnswerFuzz } from './token-answer-fuzz'

describeTokenAnswerFuzz(10_000)
