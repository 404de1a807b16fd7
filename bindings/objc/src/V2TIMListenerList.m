#import "V2TIMListenerList.h"

@implementation V2TIMListenerList

- (instancetype)init {
    if ((self = [super init])) {
        _lock = [[NSLock alloc] init];
        _items = [[NSMutableArray alloc] init];
    }
    return self;
}

- (void)dealloc {
    [_items release];
    [_lock release];
    [super dealloc];
}

- (void)add:(id)listener {
    if (!listener) return;
    [_lock lock];
    if ([_items indexOfObjectIdenticalTo:listener] == NSNotFound) [_items addObject:listener];
    [_lock unlock];
}

- (void)remove:(id)listener {
    [_lock lock];
    [_items removeObjectIdenticalTo:listener];
    [_lock unlock];
}

- (NSArray *)snapshot {
    [_lock lock];
    NSArray *copy = [NSArray arrayWithArray:_items];
    [_lock unlock];
    return copy;
}

- (NSUInteger)count {
    [_lock lock];
    NSUInteger count = [_items count];
    [_lock unlock];
    return count;
}

@end

void v2_notify(V2TIMListenerList *list, SEL sel, void (^call)(id listener)) {
    for (id listener in [list snapshot]) {
        if (![listener respondsToSelector:sel]) continue;
        @try {
            call(listener);
        } @catch (NSException *e) {
            NSLog(@"V2TIM: a listener threw %@: %@", [e name], [e reason]);
        }
    }
}
