import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { LearnerCounter } from './learner-counter.entity';
import { Learner } from './learner.entity';
import { LearnersController } from './learners.controller';
import { LearnersService } from './learners.service';

@Module({
  imports: [MikroOrmModule.forFeature([Learner, LearnerCounter])],
  controllers: [LearnersController],
  providers: [LearnersService],
  exports: [LearnersService],
})
export class LearnersModule {}
