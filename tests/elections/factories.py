import datetime

import factory

from siaga.elections.models import Election


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Pilkada Uji {n}")
    type = "pilkada"
    voting_day = datetime.date(2024, 11, 27)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)
