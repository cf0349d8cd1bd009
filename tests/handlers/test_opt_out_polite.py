"""Opt-outs said with courtesy inside the phrase, with "this number", or as a polite question about the
writer's own number are opt-outs; a polite question about someone else's (a guest) or about a card is not.
Found after the sixth blind set's run (its three missed opt-outs). Then (session 10): "more" between the wish
and the messages ("I don't want any more messages"), reminders named as what to stop, and the seventh blind
set's missed opt-outs by cause (a first sentence that is only the command, a complaint asked as a question,
shorthand, the infinitive of a polite question, "unsubscribe" inside Hebrew); an owner talking about reminders
to their guests, or a campaign sent without them, is not. The wording here is our own."""

from __future__ import annotations

import pytest

from handlers.intents import is_opt_out, lexicon

OPT_OUTS = [
    "Я давно с вами, но уберите, пожалуйста, мой номер из рекламных рассылок",
    "OK enough. Do not text this number again.",
    "אפשר בבקשה להסיר אותי מרשימת התפוצה?",
    "can you unsubscribe me please?",
    "можете убрать мой номер из рассылки?",
    "could you remove my number from your list?",
    "honestly i dont want any more messages about the party",
    "אני כבר לא רוצה לקבל עוד הודעות מכם",
    "לא רוצה לקבל יותר הודעות על החתונה",
    "не хочу больше сообщений от вас про это мероприятие",
    "ok no more reminders please, I got it",
    "ודי עם ההודעות כבר",
    "хватит напоминаний, я всё помню",
    "Unsubscribe please. We closed the shop last month",
    "stop msging this phone its my work number",
    "how many times do I have to ask you to stop texting me?!",
    "сколько раз просить, не пишите мне больше",
    "אפשר להפסיק לשלוח לי את המבצעים? תודה",
    "could you remove this number from the promo list, thanks",
    "בבקשה לא לקבל יותר הודעות על מבצעים",
    "תעשו לי unsubscribe מהניוזלטר",
]
NOT_OPT_OUTS = [
    "how do I unsubscribe a guest?",
    "can you remove the guest from the list?",
    "איך מסירים אורח מהרשימה?",
    "как отписать гостя от рассылки?",
    "can I remove my card from the account?",
    "how do I stop auto-renewal?",
    "can you stop sending reminders to my guests?",
    "אפשר להסיר את הכרטיס שלי?",
    "אפשר להוריד אותי מהחבילה הגדולה לקטנה?",
    "can you take me off the premium plan?",
    "can you stop sending reminders to my guests?",
    "how do I turn off the reminders for guests who already answered?",
    "the campaign went out with no reminders at all, why?",
    "איך מבטלים את התזכורות לאורחים שכבר אישרו?",
    "как отключить напоминания гостям, которые уже ответили?",
    "Stop. I meant the other plan, not this one",
    "how many times can I change my plan in a year?",
    "сколько раз можно заморозить подписку?",
    "how do I remove this number from my guests' list?",
]


@pytest.mark.parametrize("text", OPT_OUTS)
def test_opts_out(text: str) -> None:
    lex = lexicon()
    assert is_opt_out(lex.read(text), lex, text)


@pytest.mark.parametrize("text", NOT_OPT_OUTS)
def test_does_not_opt_out(text: str) -> None:
    lex = lexicon()
    assert not is_opt_out(lex.read(text), lex, text)
