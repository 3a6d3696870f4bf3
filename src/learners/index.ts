export { Learner } from './learner.entity';
export { LearnerChanged } from './learner.events';
export { LearnersModule } from './learners.module';
export {
  ContactPushLearner,
  learnerSearchPattern,
  learnerSearchSql,
  LearnersService,
  likePattern,
} from './learners.service';
