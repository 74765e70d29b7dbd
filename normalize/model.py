"""What the normaliser knows: the word model, the channel, the context model and the name lists.

`Model.load()` reads them from data/normalize (and the lexicon cache); `model.extended(learned)`
is a new model that also knows the words and word pairs of clean texts (an archive's born-digital
documents), leaving the model it was made from as it was.
"""
from __future__ import annotations

from dataclasses import dataclass

from protokoll.normalize import channel as channel_module
from protokoll.normalize import context as context_module
from protokoll.normalize import lexicon as lexicon_module
from protokoll.normalize import word_counts
from protokoll.normalize.diacritics import read_as_written
from protokoll.normalize.learn import LearnedText
from protokoll.normalize.words import WordModel

SMALL_WORD_LOGP = -5.5  # a capital A/O OCR wrote mid-sentence for å/ä/ö becomes small in words at least this common


@dataclass
class Model:
    words: WordModel
    channel: channel_module.Channel
    context: context_module.ContextModel
    proper_names: frozenset[str]  # lowercase: capitalised entries of the domain lexicon, places, person names
    person_names: frozenset[str]  # lowercase, data/normalize/first_names.txt and surnames.txt
    not_words: frozenset[str]  # data/normalize/not_words.txt: what minutes write so ("a)") is a label, not the word
    as_written: frozenset[str] = frozenset()  # data/normalize/as_written.txt: no å/ä/ö restored ("till handa")

    @classmethod
    def load(cls) -> Model:
        """The committed lexicons, channel and context model (the merged lexicon from its cache)."""
        lexicon = lexicon_module.load()
        channel = channel_module.load()
        names = frozenset(w.lower() for w in lexicon_module.read_domain() + lexicon_module.read_places() if w[:1].isupper())
        person_names = frozenset(w.lower() for w in lexicon_module.read_names())
        not_words = frozenset(w.lower() for w in lexicon_module.read_domain(lexicon_module.NOT_WORDS_PATH))
        context = context_module.load(corpus=word_counts.cached_context_counts(lexicon_module.cache_path()))
        return cls(WordModel(lexicon, channel, context.pair_logp), channel, context, names | person_names, person_names, not_words,
                   read_as_written())

    def extended(self, learned: LearnedText) -> Model:
        """A new model that also knows the words and word pairs of `learned` (see learn.learn_from_texts);
        this one is left unchanged. Copies the lexicon's tables (a fraction of a second)."""
        old = self.words.lexicon
        lexicon = lexicon_module.Lexicon(dict(old.logp), dict(old.by_key), old.near.copy(), old.forms, old.keys,
                                         set(old.added))
        for word in learned.words:
            lexicon.add(word, lexicon_module.LEARNED_LOGP)
        context = self.context.copy()
        context.add(learned.words, learned.bigrams, learned.lowercase)
        return Model(WordModel(lexicon, self.channel, context.pair_logp), self.channel, context, self.proper_names, self.person_names,
                     self.not_words, self.as_written)

    def is_name(self, word: str) -> bool:
        """A listed name or place, or a known word with the surname ending -én (Holmén, Nordén, Hållén):
        too many to list, and a place (Holmön) must not win for want of a list."""
        return word in self.proper_names or (word.endswith(("én", "éns")) and word in self.words.lexicon.logp)

    def is_small_word(self, word: str) -> bool:
        """No proper name, and frequent or written in small letters in the clean minutes."""
        if word in self.proper_names or (word.endswith("s") and word[:-1] in self.proper_names):
            return False  # a name or its genitive: "Östersunds kommun"
        return self.words.lexicon.logp.get(word, -99.0) >= SMALL_WORD_LOGP or self.context.lowercase.get(word, 0) > 0
