"""The broad opt-out reading (handlers/understanding/stop_request.py), through the intent a customer gets.

Own wording: new ways to say "stop messaging me" that no exact phrase lists, and the near misses that must stay
what they are (a fault told, other people's messages, a negated removal, a question of how)."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent
from handlers.understanding.stop_request import says_stop

STOPS = [
    ("en", "honestly no more promo texts to this number, we are fine"),
    ("en", "thanks but please exclude my number from your broadcast list"),
    ("en", "I'd like to be unsubscribed from the marketing messages"),
    ("en", "done with your newsletters, thank you"),
    ("he", "לא מעוניינת לקבל יותר פרסומות מכם"),
    ("he", "מספיק עם ההודעות השיווקיות, תודה"),
    ("he", "נא להוציא את המספר הזה מרשימת התפוצה"),
    ("ru", "исключите меня пожалуйста из вашей рассылки"),
    ("ru", "не хочу больше получать от вас рекламные смс"),
    ("ru", "а можно больше не присылать мне эти акции?"),
    # round 12b: an infinitive after "прошу", "не надо больше ...", a keep beside the stop, a stop after "так что"
    ("ru", "очень прошу больше не слать сюда рекламу"),
    ("ru", "прошу вас перестать присылать мне рассылку"),
    ("ru", "не нужно мне больше присылать ваши предложения, напоминания о визите пусть приходят"),
    ("ru", "акции ваши мне неинтересны так что исключите меня из рассылки"),
    # session 12: "get ... off", "wipe", "had enough of", and Russian "erase / throw out" of the list
    ("en", "we have had enough of the deal texts, thanks"),
    ("en", "kindly wipe my phone from the marketing broadcast"),
    ("en", "not buying anything, just get my number out of your mailing list"),
    ("ru", "выкиньте, пожалуйста, мой номер из рекламной рассылки"),
    ("ru", "мне это не нужно, сотрите меня из вашего списка смс"),
]

STAYS = [
    ("en", "no more messages have arrived since the update, is the server down?"),
    ("en", "please don't remove me from the list, I still want the updates"),
    ("en", "how do I remove a guest from the invitation list?"),
    ("en", "the unsubscribe link in my campaign shows an error"),
    ("en", "our app stops sending texts after 30 contacts"),
    ("he", "ההודעות לא מגיעות ללקוחות שלי מאז אתמול"),
    ("he", "איך מסירים אורח מרשימת המוזמנים?"),
    ("ru", "сообщения больше не приходят клиентам, что случилось?"),
    ("ru", "как убрать гостя из списка рассылки?"),
    ("en", "how can I get a guest off the reminder list?"),
    ("en", "I've had enough of waiting, get me a person now"),
    ("ru", "сотрите старый список гостей, я загружу новый"),
]


@pytest.mark.parametrize(("lang", "text"), STOPS)
def test_a_new_way_to_say_stop_is_an_opt_out(lang: str, text: str) -> None:
    assert says_stop(text) or classify_intent(text, lang).intent == "opt_out"  # type: ignore[arg-type]
    assert classify_intent(text, lang).intent == "opt_out"  # type: ignore[arg-type]


@pytest.mark.parametrize(("lang", "text"), STAYS)
def test_a_near_miss_is_no_opt_out(lang: str, text: str) -> None:
    assert classify_intent(text, lang).intent != "opt_out"  # type: ignore[arg-type]


def test_the_broad_reading_needs_a_word_for_what_is_sent() -> None:
    assert not says_stop("please remove the old address from my profile")
    assert not says_stop("хватит, я устал ждать")
    assert says_stop("хватит слать мне смс")


# session 13, round 2 (after holdout12's missed opt-outs): a stop wished in the past tense ("if you stopped"),
# stop said straight to what is sent ("kindly end those ... offers"), deals and payment reminders as what is sent
@pytest.mark.parametrize(("lang", "text"), [
    ("en", "it would be lovely if you stopped sending me all these discount deals"),
    ("en", "could you just stop messaging me about your offers"),
    ("en", "right, and please end all the promotional texts, not for me"),
    ("en", "quit those marketing sms already"),
    ("en", "I paid last week so stop these payment reminders"),
    ("he", "הייתי שמח אם תפסיקו לשלוח לי את ההטבות שלכם"),
    ("he", "שילמתי כבר, אז בלי עוד תזכורות תשלום בבקשה, אל תשלחו לי תזכורות"),
    ("ru", "буду признателен, если вы перестали бы присылать мне ваши скидки"),
    ("ru", "я уже всё оплатил, не присылайте мне больше напоминания о платеже"),
])
def test_a_polite_or_direct_stop_of_offers_or_reminders_is_an_opt_out(lang: str, text: str) -> None:
    assert classify_intent(text, lang).intent == "opt_out"  # type: ignore[arg-type]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "if you stopped sending reminders to my guests, would they still get the invitation?"),
    ("en", "stop the automatic updates, they crash my computer"),
    ("en", "no more reminders please, I already confirmed we are coming"),
    ("he", "אפשר בלי עוד תזכורות? כבר אישרנו שאנחנו מגיעים"),
    ("ru", "как отключить напоминания гостям перед мероприятием?"),
    ("ru", "а скидки на годовой тариф бывают?"),
])
def test_moot_reminders_other_peoples_sends_and_questions_stay_no_opt_out(lang: str, text: str) -> None:
    assert not says_stop(text)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "I would prefer not to receive your promo texts anymore"),
    ("en", "we want off your mailing list please"),
    ("en", "switch off all your notifications to this phone"),
    ("he", "תכבו לי בבקשה את כל ההתראות והפרסומות שלכם"),
    ("ru", "выключите, пожалуйста, ваши оповещения и смс на мой номер"),
])
def test_a_wish_not_to_get_them_to_be_off_the_list_or_to_switch_them_off_is_an_opt_out(lang: str, text: str) -> None:
    assert classify_intent(text, lang).intent == "opt_out"  # type: ignore[arg-type]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "how can I switch off notifications in the app?"),
    ("en", "please turn off the automatic reminders for my wedding"),
    ("en", "I want out of the annual contract, what does it cost?"),
    ("ru", "как выключить уведомления в личном кабинете?"),
])
def test_switching_off_an_owner_s_own_sends_or_asking_how_stays_no_opt_out(lang: str, text: str) -> None:
    assert classify_intent(text, lang).intent != "opt_out"  # type: ignore[arg-type]
