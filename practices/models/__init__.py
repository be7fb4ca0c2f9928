from practices.models.alert import SearchAlert
from practices.models.content import PracticeAttachment, PracticeImage, PracticeResult
from practices.models.facet_bitmap import FacetBitmap
from practices.models.notification import Notification
from practices.models.practice import DeletedPractice, GoodPractice
from practices.models.review import Criterion, CriterionAssessment, Review
from practices.models.state import State
from practices.models.taxonomy import Theme, Topic
from practices.models.transfer import TransferInterest
from practices.models.upload import StagedUpload
from practices.models.workflow import TransitionNotAllowed

__all__ = [
    "Criterion",
    "CriterionAssessment",
    "DeletedPractice",
    "FacetBitmap",
    "GoodPractice",
    "Notification",
    "PracticeAttachment",
    "PracticeImage",
    "PracticeResult",
    "Review",
    "SearchAlert",
    "StagedUpload",
    "State",
    "Theme",
    "Topic",
    "TransferInterest",
    "TransitionNotAllowed",
]
