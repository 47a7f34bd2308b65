// The normal run's share of the token-answer fuzz (see token-answer-fuzz.ts).
import { describeTokenAnswerFuzz } from './token-answer-fuzz'

describeTokenAnswerFuzz(2_000)
